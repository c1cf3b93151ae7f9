# Install layout and the Debian package (CPack DEB).
#   bin/archverify
#   share/archverify/         genome and report JSON Schemas (those present in the tree)
#   share/doc/archverify/     README.md and docs/
#   share/bash-completion/completions/archverify
# `cpack -G DEB` in the build directory writes archverify_<version>_<arch>.deb;
# its Depends come from dpkg-shlibdeps (the Debian packages providing every
# shared library the binary links: libtree-sitter0, libyaml-0-2, libre2, ...).
include(GNUInstallDirs)

# Schemas and docs are OPTIONAL: they land on their own branches; whichever
# exists at install time is installed.
install(FILES
          ${PROJECT_SOURCE_DIR}/genome_schema/genome.schema.json
          ${PROJECT_SOURCE_DIR}/reporters/report.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/archverify OPTIONAL)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} OPTIONAL)

# Bash completion, generated from the built binary so it always matches it.
set(_completion "${CMAKE_BINARY_DIR}/completion/archverify")
add_custom_command(
  OUTPUT "${_completion}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/completion"
  COMMAND ${CMAKE_COMMAND} -DARCHVERIFY=$<TARGET_FILE:archverify> -DOUT=${_completion}
          -P ${PROJECT_SOURCE_DIR}/cmake/write_completion.cmake
  DEPENDS archverify ${PROJECT_SOURCE_DIR}/cmake/write_completion.cmake
  COMMENT "Generating bash completion"
  VERBATIM)
add_custom_target(archverify_completion ALL DEPENDS "${_completion}")
install(FILES "${_completion}" DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME archverify)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "archverify maintainers")
set(CPACK_PACKAGE_CONTACT "archverify maintainers <maintainers@archverify.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "architecture drift and quality gate for FastAPI/Flask + SQLAlchemy back ends")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "archverify checks a Python web back end against its architecture spec (the genome):\n"
    "tenant filters on every query, indexed foreign keys, secure auth cookies, N+1 loads,\n"
    "routes in sync with the OpenAPI document, drift between genome, models and migrations.\n"
    "It reports a 0-100 score with text, JSON, SARIF and GitHub annotations and a pass/fail gate.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # archverify_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# Declared dependencies: computed from the binary's NEEDED libraries. Without
# dpkg-shlibdeps (a non-Debian build host) fall back to the Debian 12 names.
find_program(DPKG_SHLIBDEPS_EXECUTABLE dpkg-shlibdeps)
if(DPKG_SHLIBDEPS_EXECUTABLE)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6, libgcc-s1, libstdc++6, libtree-sitter0, libyaml-0-2, libre2-9")
endif()
include(CPack)
