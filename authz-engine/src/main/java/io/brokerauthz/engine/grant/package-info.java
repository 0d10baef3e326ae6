/**
 * The grant: a preallocated allow decision with its place in document order, shared by the
 * topic trie, the key table and the compiled rules (so that none of them depends on another).
 */
package io.brokerauthz.engine.grant;
