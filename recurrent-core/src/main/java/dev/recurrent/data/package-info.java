/**
 * Data helpers for the experiments, with Keras' (and scikit-learn's) names and semantics:
 * {@link dev.recurrent.data.Sequences#padSequences} ({@code pad_sequences}), {@link dev.recurrent.data.OneHot}
 * ({@code to_categorical} and argmax), {@link dev.recurrent.data.Windows} (sliding windows and the
 * lag table of the shampoo-sales tutorial), {@link dev.recurrent.data.MinMaxScaler} and
 * {@link dev.recurrent.data.StandardScaler}, {@link dev.recurrent.data.Differencing},
 * {@link dev.recurrent.data.Csv} (one numeric column of a CSV file), {@link dev.recurrent.data.Imdb}
 * ({@code imdb.load_data} from the binary files that {@code recurrent data fetch imdb} makes) and
 * {@link dev.recurrent.data.CharVocabulary} (the character-level text example).
 *
 * <p>Legend, used in every shape comment:
 * <ul>
 *   <li>N: samples; L: values in a series;</li>
 *   <li>T: time steps (Keras' {@code maxlen}, a look-back, a window);</li>
 *   <li>C, V: classes, characters of a vocabulary; F: features of a table; D: features per step.</li>
 * </ul>
 * Results are {@link dev.recurrent.tensor.Tensor}s, batch first and row-major; ids are stored as
 * floats (exact up to 2^24).
 *
 * <p>Decisions where Keras leaves room: "none" options (Keras' {@code None}) are written as
 * {@code <= 0} ({@code maxlen}, {@code numWords}) or {@code < 0} ({@code startChar}, {@code oovChar});
 * malformed files raise {@link dev.recurrent.data.MalformedDataException} (an {@link java.io.IOException})
 * naming the file and the place, bad arguments an {@link java.lang.IllegalArgumentException}. The
 * package reads no format beyond what the JDK reads, so the IMDB word index (JSON) is not read here.
 *
 * <p>Imports: {@code tensor}, the form the helpers return their arrays in; nothing else of the
 * library.
 */
package dev.recurrent.data;
