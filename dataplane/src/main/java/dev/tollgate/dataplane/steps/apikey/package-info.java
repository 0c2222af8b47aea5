/** The API key check of key-required methods: {@code x-api-key} against hashed keys and usage plans. */
package dev.tollgate.dataplane.steps.apikey;
