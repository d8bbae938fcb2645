package io.tenantfleet.cli;

/** The value of {@code --output}: lines and tables for people, or one JSON document ({@link JsonOutput}). */
enum OutputFormat { text, json }
