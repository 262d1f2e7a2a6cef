package dev.recurrent.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the header dict as NumPy writes it, a Python literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, padded with spaces and
 * ended by a newline. Keys in any order, each exactly once; nothing else.
 */
final class NpyHeaderParser {
    private final String s;
    private final String what;
    private int i;

    NpyHeaderParser(String s, String what) {
        this.s = s;
        this.what = what;
    }

    int[] parse() throws IOException {
        String descr = null;
        Boolean fortran = null;
        int[] shape = null;
        skipSpace();
        expect('{');
        while (true) {
            skipSpace();
            if (peek() == '}') {
                i++;
                break;
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            switch (key) {
                case "descr":
                    if (descr != null) {
                        throw error("'descr' appears twice");
                    }
                    descr = string();
                    break;
                case "fortran_order":
                    if (fortran != null) {
                        throw error("'fortran_order' appears twice");
                    }
                    fortran = bool();
                    break;
                case "shape":
                    if (shape != null) {
                        throw error("'shape' appears twice");
                    }
                    shape = shapeTuple();
                    break;
                default:
                    throw error("unexpected key '" + key + "'");
            }
            skipSpace();
            if (peek() == ',') {
                i++;
            } else if (peek() != '}') {
                throw error("expected ',' or '}'");
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\0') {
                throw error("unexpected text after the header dict");
            }
        }
        if (descr == null || fortran == null || shape == null) {
            throw new IOException(what + ": the .npy header lacks " + (descr == null ? "'descr'"
                    : fortran == null ? "'fortran_order'" : "'shape'") + ": " + s.trim());
        }
        if (!descr.equals("<f4")) {
            throw new IOException(what + ": dtype '" + descr + "' is not float32 little-endian ('<f4')");
        }
        if (fortran) {
            throw new IOException(what + ": the array is in Fortran order; expected C order (fortran_order False)");
        }
        return shape;
    }

    private int[] shapeTuple() throws IOException {
        expect('(');
        List<Integer> dims = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == ')') {
                i++;
                break;
            }
            dims.add(integer());
            skipSpace();
            if (peek() == ',') {
                i++;
            } else if (peek() != ')') {
                throw error("expected ',' or ')' in the shape");
            }
            if (dims.size() > 32) {
                throw error("more than 32 dimensions");
            }
        }
        int[] out = new int[dims.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = dims.get(k);
        }
        return out;
    }

    private int integer() throws IOException {
        int start = i;
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > Integer.MAX_VALUE) {
                throw error("a dimension larger than " + Integer.MAX_VALUE);
            }
            i++;
        }
        if (i == start) {
            throw error("expected a non-negative integer in the shape");
        }
        if (i < s.length() && s.charAt(i) == 'L') {
            i++; // Python 2's long literal
        }
        return (int) v;
    }

    private boolean bool() throws IOException {
        if (s.startsWith("True", i)) {
            i += 4;
            return true;
        }
        if (s.startsWith("False", i)) {
            i += 5;
            return false;
        }
        throw error("expected True or False");
    }

    private String string() throws IOException {
        char q = peek();
        if (q != '\'' && q != '"') {
            throw error("expected a quoted string");
        }
        int end = s.indexOf(q, i + 1);
        if (end < 0) {
            throw error("unterminated string");
        }
        String v = s.substring(i + 1, end);
        i = end + 1;
        return v;
    }

    private void expect(char c) throws IOException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\uFFFF';
    }

    private void skipSpace() {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
    }

    private IOException error(String problem) {
        StringBuilder shown = new StringBuilder();
        for (int k = 0; k < Math.min(s.length(), 200); k++) {
            char c = s.charAt(k);
            shown.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return new IOException(what + ": malformed .npy header (" + problem + " at character " + i + "): "
                + shown.toString().trim() + (s.length() > 200 ? "..." : ""));
    }
}
