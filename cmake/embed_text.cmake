# cmake -DINPUT=file -DOUTPUT=file.cpp -DNAMESPACE=ns -DFUNCTION=name -P embed_text.cmake
# Writes a .cpp defining `std::string_view ns::name()` returning INPUT's bytes (a raw string literal).
file(READ "${INPUT}" content)
string(FIND "${content}" ")embedded\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )embedded\"")
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by cmake/embed_text.cmake; do not edit.\n#include <string_view>\n#include \"${HEADER}\"\nnamespace ${NAMESPACE} {\nstd::string_view ${FUNCTION}() {\n    static constexpr std::string_view kText = R\"embedded(${content})embedded\";\n    return kText;\n}\n}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
