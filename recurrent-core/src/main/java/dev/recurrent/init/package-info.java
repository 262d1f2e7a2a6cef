/**
 * Weight initializers with Keras' names and formulas ({@link dev.recurrent.init.Initializers}:
 * glorot-uniform, orthogonal, ...) and {@link dev.recurrent.init.SeededRandom}, the generator every
 * seeded draw of the library goes through, whose state can be saved and restored for an exact
 * resume.
 *
 * <p>Imports: the JDK only.
 */
package dev.recurrent.init;
