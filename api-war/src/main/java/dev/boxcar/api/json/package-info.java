/**
 * Strict reading of request bodies: size limit, well-formed JSON, unknown fields rejected, every
 * field checked for type and range with its full path named (e.g. {@code files[2].mode}).
 */
package dev.boxcar.api.json;
