# Warnings are on for our own targets only; third-party headers come in as SYSTEM.
function(wiretrace_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion -Wnon-virtual-dtor -Wimplicit-fallthrough)
endfunction()
