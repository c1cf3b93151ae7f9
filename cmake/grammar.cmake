# Fetches the tree-sitter-python grammar's generated C sources from the npm
# registry package (pinned version, verified SHA-256), unpacks them in the
# build tree and builds them as the static library `ts_python`. Nothing of the
# grammar is committed. ARCHVERIFY_GRAMMAR_TARBALL may name an already
# downloaded tarball (it is still checksum-verified).
set(_grammar_dir "${CMAKE_BINARY_DIR}/_grammar")
set(_grammar_tgz "${_grammar_dir}/tree-sitter-python-${ARCHVERIFY_GRAMMAR_VERSION}.tgz")
file(MAKE_DIRECTORY "${_grammar_dir}")

function(_archverify_grammar_ok out)
  set(${out} FALSE PARENT_SCOPE)
  if(EXISTS "${_grammar_tgz}")
    file(SHA256 "${_grammar_tgz}" _sum)
    if(_sum STREQUAL ARCHVERIFY_GRAMMAR_SHA256)
      set(${out} TRUE PARENT_SCOPE)
    endif()
  endif()
endfunction()

_archverify_grammar_ok(_have)
if(NOT _have AND DEFINED ENV{ARCHVERIFY_GRAMMAR_TARBALL} AND EXISTS "$ENV{ARCHVERIFY_GRAMMAR_TARBALL}")
  file(COPY_FILE "$ENV{ARCHVERIFY_GRAMMAR_TARBALL}" "${_grammar_tgz}")
  _archverify_grammar_ok(_have)
endif()
if(NOT _have)
  find_program(NPM_EXECUTABLE npm REQUIRED)
  message(STATUS "Fetching tree-sitter-python@${ARCHVERIFY_GRAMMAR_VERSION} with npm pack")
  execute_process(
    COMMAND "${NPM_EXECUTABLE}" pack "tree-sitter-python@${ARCHVERIFY_GRAMMAR_VERSION}" --silent
    WORKING_DIRECTORY "${_grammar_dir}"
    RESULT_VARIABLE _rc OUTPUT_QUIET)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "npm pack tree-sitter-python@${ARCHVERIFY_GRAMMAR_VERSION} failed (${_rc})")
  endif()
  _archverify_grammar_ok(_have)
  if(NOT _have)
    message(FATAL_ERROR "tree-sitter-python tarball checksum mismatch: expected ${ARCHVERIFY_GRAMMAR_SHA256}")
  endif()
endif()

set(_grammar_src "${_grammar_dir}/package/src")
if(NOT EXISTS "${_grammar_src}/parser.c")
  file(ARCHIVE_EXTRACT INPUT "${_grammar_tgz}" DESTINATION "${_grammar_dir}")
endif()

add_library(ts_python STATIC "${_grammar_src}/parser.c" "${_grammar_src}/scanner.c")
target_include_directories(ts_python PRIVATE "${_grammar_src}")
set_target_properties(ts_python PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(ts_python PRIVATE -w -O2)
