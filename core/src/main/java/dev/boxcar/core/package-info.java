/**
 * What the API and the workers must agree on: the JPA entities over the tables in
 * {@code schema/}, the job state machine, the JMS message contract, and the JSON shapes of a
 * job's request and result.
 */
package dev.boxcar.core;
