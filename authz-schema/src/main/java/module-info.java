/**
 * Reading and writing policies as JSON and YAML, with every diagnostic located (file, line,
 * column, JSON Pointer), the JSON Schemas, and following a policy file as it changes
 * ({@code PolicyDirectoryWatcher}). Jackson and networknt stay here, out of the gateway path.
 */
module io.brokerauthz.schema {
  requires transitive io.brokerauthz.api;
  requires transitive io.brokerauthz.engine;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.networknt.schema;
  requires org.yaml.snakeyaml; // marks and problems of YAML parse errors, for located diagnostics

  exports io.brokerauthz.schema;

  // The document reader and schema checks the listener-set reader builds on.
  exports io.brokerauthz.schema.internal to io.brokerauthz.listener;
}
