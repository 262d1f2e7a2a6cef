/**
 * Reading configuration maps, the {@code get_config()} form Keras writes for layers, optimizers and
 * schedules: {@link dev.recurrent.config.ConfigReader}. Used by {@code layers} and {@code optim};
 * imports nothing of this library (JDK only).
 */
package dev.recurrent.config;
