package io.dblab.cli.config;

import java.time.Duration;

/** Connection settings given on the command line; a null field was not given. */
public record ConnectionFlags(String url, String token, Boolean insecure, Duration requestTimeout) {}
