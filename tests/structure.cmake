# SPDX-License-Identifier: MIT
# liblca's structure: no include cycle, no dependency cycle between files
# beyond the known ones (tests/structure/cycles_known.txt), no mutable
# static state (tests/structure/layering.py reads the library's objects).
find_program(LCA_NM nm)
find_program(LCA_OBJDUMP objdump)
if(LCA_NM AND LCA_OBJDUMP)
  add_test(NAME structure_layering
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/structure/layering.py
                   ${CMAKE_SOURCE_DIR}
                   ${CMAKE_CURRENT_SOURCE_DIR}/structure/cycles_known.txt
                   $<TARGET_OBJECTS:lca_objects>
           COMMAND_EXPAND_LISTS)
endif()

# Library strings name fields and option keys, never a command-line flag.
add_test(NAME structure_no_flags
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/structure/no_flags.py
                 ${CMAKE_SOURCE_DIR})
