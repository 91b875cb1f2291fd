package io.dblab.cli.config;

/** Port-forwarding settings given on the command line; a null field was not given. */
public record ForwardingFlags(String serverUrl, String localPort, String identityFile) {}
