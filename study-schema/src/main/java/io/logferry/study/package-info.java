/**
 * The study's result schema, shared by {@code bench} (writes) and {@code reports} (reads): see
 * {@code results/README.md}, section "study".
 */
package io.logferry.study;
