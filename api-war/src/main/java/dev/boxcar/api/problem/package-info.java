/**
 * Errors as RFC 9457 {@code application/problem+json}: specific exceptions carry the status and
 * details, and the mappers here are the one place that turns anything thrown into a response.
 * Clients never see a stack trace or HTML.
 */
package dev.boxcar.api.problem;
