/**
 * Small programs that use the library as a user's project would, each run by a test of this
 * module; the README and docs/library.md show their code.
 *
 * <p>May import the public API of the core and of recurrent-io; nothing of the command line.
 */
package dev.recurrent.examples;
