/**
 * Judging programs: the verdict rules of API.md with their precedence, the {@code trim} and
 * {@code exact} comparisons, and the shapes of test-suite requests and results. Pure logic,
 * shared by the API (validation) and the worker (judging).
 */
package dev.boxcar.core.grading;
