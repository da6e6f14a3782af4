/**
 * The objects of the Boxcar API (shared/API.md) as immutable records: what the server answers
 * ({@link dev.boxcar.client.model.Job}, {@link dev.boxcar.client.model.Sandbox}, ...) and what a
 * caller sends ({@link dev.boxcar.client.model.ExecRequest}, {@link dev.boxcar.client.model.SandboxSpec}, ...).
 *
 * <p>Answers are read leniently: fields the server adds later are ignored and fields it leaves out
 * are null, so an older client keeps working against a newer server. Status and verdict values are
 * plain strings for the same reason (an enum would break on the first value added to the API).
 * Requests leave out every field that is null, so the server applies its own defaults.
 */
package dev.boxcar.client.model;
