/**
 * Keras' weight regularizers and constraints: {@link dev.recurrent.regularizers.Regularizer} (L1, L2,
 * L1L2: a penalty added to the training loss) and {@link dev.recurrent.regularizers.Constraint}
 * (max norm, non-negative, unit norm, min–max norm: a projection applied to a weight after each
 * optimizer update). Layers take them per weight ({@code kernelRegularizer}, {@code biasConstraint},
 * ...); the model adds the penalties and applies the constraints.
 *
 * <p>Imports: the JDK only.
 */
package dev.recurrent.regularizers;
