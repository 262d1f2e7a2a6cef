package dev.recurrent.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;

/** Sequences held in a Spark column: an array of numbers per row, or a single number. */
final class ArrayColumns {
    private ArrayColumns() {
    }

    /** The index of {@code column} in the schema, checked to be an array of numbers (or a number, if allowed). */
    static int field(StructType schema, String column, boolean numberAllowed) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("no column '" + column + "': expected one of "
                    + Arrays.toString(schema.fieldNames()));
        }
        int i = schema.fieldIndex(column);
        DataType t = schema.fields()[i].dataType();
        boolean ok = t instanceof ArrayType a && a.elementType() instanceof NumericType
                || numberAllowed && t instanceof NumericType;
        if (!ok) {
            throw new IllegalArgumentException("column '" + column + "': expected an array of numbers"
                    + (numberAllowed ? " or a number" : "") + ", got " + t.simpleString());
        }
        return i;
    }

    /** Copies the row's value (an array of {@code length} numbers, or one number) into {@code into} at {@code offset}. */
    static void copy(Row row, int field, String column, int length, float[] into, int offset) {
        Object v = row.get(field);
        if (v == null) {
            throw new IllegalArgumentException("column '" + column + "': expected " + length + " numbers, got null");
        }
        if (v instanceof Number n) {
            if (length != 1) {
                throw new IllegalArgumentException("column '" + column + "': expected " + length + " numbers, got 1");
            }
            into[offset] = n.floatValue();
            return;
        }
        List<Object> values = row.getList(field);
        if (values.size() != length) {
            throw new IllegalArgumentException("column '" + column + "': expected " + length
                    + " numbers per row (the model's sample shape), got " + values.size());
        }
        for (int j = 0; j < length; j++) {
            Object e = values.get(j);
            if (e == null) {
                throw new IllegalArgumentException("column '" + column + "': expected numbers, got null at " + j);
            }
            into[offset + j] = ((Number) e).floatValue();
        }
    }

    /** The Spark type of a prediction column: an array of floats. */
    static DataType predictionType() {
        return DataTypes.createArrayType(DataTypes.FloatType, false);
    }
}
