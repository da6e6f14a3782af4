/**
 * Long-polls ({@code ?wait=N}) without a thread or a database connection per waiting client:
 * requests are suspended as asynchronous JAX-RS responses and woken by PostgreSQL notifications
 * that a trigger sends when a job reaches a final status.
 */
package dev.boxcar.api.waiting;
