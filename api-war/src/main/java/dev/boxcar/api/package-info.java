/**
 * The Boxcar HTTP API (API.md): validates requests, stores jobs in PostgreSQL, sends their ids on
 * Artemis, and answers polls and long-polls. It never runs user code itself.
 */
package dev.boxcar.api;
