# eoc_module(NAME DEPS <targets...>)
# One static library per folder of src/, sources globbed so that adding a file needs no CMake edit.
function(eoc_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(NOT sources)
    message(STATUS "eoc: module ${name} has no sources yet; skipped")
    return()
  endif()
  add_library(eoc_${name} STATIC ${sources})
  target_include_directories(eoc_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(eoc_${name} PUBLIC ${ARG_DEPS})
endfunction()

# eoc_test_suite(MODULE DEPS <targets...>)
# One GoogleTest binary per module of src/, tests globbed from tests/<module>/*_test.cpp.
# With the unity build (EOC_UNITY) eight test files share a translation unit, so each test file
# keeps its helpers and fixtures in a namespace named after the file (eoc::testing::stock_api_test):
# two files' `Reply` or `kStart` never meet, and two fixtures of one name are no longer one class.
function(eoc_test_suite name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp ${CMAKE_CURRENT_SOURCE_DIR}/support/*.cpp)
  if(NOT sources)
    message(STATUS "eoc: test suite ${name} has no tests yet; skipped")
    return()
  endif()
  add_executable(eoc_${name}_tests ${sources})
  target_link_libraries(eoc_${name}_tests PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_include_directories(eoc_${name}_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_definitions(eoc_${name}_tests PRIVATE
    EOC_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    EOC_BINARY_DIR="${CMAKE_BINARY_DIR}")
  gtest_discover_tests(eoc_${name}_tests DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
endfunction()
