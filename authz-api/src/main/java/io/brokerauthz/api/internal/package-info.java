/**
 * Text helpers every module needs once: edit distance for did-you-mean hints, JSON Pointer
 * escaping. Not API: exported only to the sibling modules of brokerauthz.
 */
package io.brokerauthz.api.internal;
