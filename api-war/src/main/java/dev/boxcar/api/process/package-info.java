/**
 * Background processes of a sandbox (API.md "Process jobs"): started and killed through jobs,
 * read from their records in PostgreSQL, which the workers keep current.
 */
package dev.boxcar.api.process;
