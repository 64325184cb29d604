# `cmake --install build --prefix P` (or `make install PREFIX=P`): the public
# headers, the static library, the CMake package (find_package(wiretrace)
# gives wiretrace::wiretrace), a pkg-config file and the tools.
include(CMakePackageConfigHelpers)

set(WIRETRACE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wiretrace)

install(TARGETS wiretrace EXPORT wiretraceTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/wiretrace DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/generated/include/wiretrace/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wiretrace)
install(EXPORT wiretraceTargets NAMESPACE wiretrace:: DESTINATION ${WIRETRACE_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/wiretraceConfig.cmake.in
  ${PROJECT_BINARY_DIR}/wiretraceConfig.cmake INSTALL_DESTINATION ${WIRETRACE_CMAKE_DIR})
# 0.x: a minor release may change the API, so only the same minor version is
# compatible (find_package(wiretrace 0.1) accepts 0.1.z, not 0.2).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wiretraceConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wiretraceConfig.cmake ${PROJECT_BINARY_DIR}/wiretraceConfigVersion.cmake
  DESTINATION ${WIRETRACE_CMAKE_DIR})

# Relocatable: the prefix is found from where the .pc file lies.
file(RELATIVE_PATH WIRETRACE_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" WIRETRACE_PC_TO_PREFIX "${WIRETRACE_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/wiretrace.pc.in ${PROJECT_BINARY_DIR}/wiretrace.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/wiretrace.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(TARGET wiretrace_cli)
  install(TARGETS wiretrace_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(TARGET wiretrace_provenance)
  install(TARGETS wiretrace_provenance RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
