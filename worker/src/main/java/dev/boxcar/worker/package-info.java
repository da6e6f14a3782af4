/**
 * The Boxcar worker: a stateless Java SE process that takes job ids from Artemis, claims the jobs
 * in PostgreSQL, runs them in Docker containers through the in-container agent, and persists the
 * outcome before acknowledging the message.
 */
package dev.boxcar.worker;
