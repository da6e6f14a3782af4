/**
 * The OpenAPI document of the API (served by WildFly's MicroProfile OpenAPI subsystem at
 * {@code /openapi}): schemas of the request bodies, which the resources read as raw JSON so that
 * they can answer every malformed body with a precise problem, and {@link
 * dev.boxcar.api.openapi.ContractDetails}, which adds what every operation shares.
 */
package dev.boxcar.api.openapi;
