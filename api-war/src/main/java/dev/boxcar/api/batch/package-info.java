/** Batches (API.md "Batches"): many exec jobs submitted, followed and cancelled as one. */
package dev.boxcar.api.batch;
