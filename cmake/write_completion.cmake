# Build-time helper (cmake -P): runs `archverify completion bash` and writes the
# script to OUT, so the installed tree and the .deb ship bash completion.
# Inputs: -DARCHVERIFY=<executable> -DOUT=<file>.
execute_process(COMMAND "${ARCHVERIFY}" completion bash OUTPUT_FILE "${OUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUT}")
  message(FATAL_ERROR "archverify completion bash failed (${rc})")
endif()
