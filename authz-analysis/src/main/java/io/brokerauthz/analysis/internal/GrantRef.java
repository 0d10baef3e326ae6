package io.brokerauthz.analysis.internal;

/**
 * One grant of a policy: the rule, the entry's JSON Pointer under the rules array
 * ({@code /0/brokerResources/1/topics/0}) and its text as written.
 */
public record GrantRef(int rule, String pointer, String text) {}
