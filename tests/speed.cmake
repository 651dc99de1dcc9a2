# SPDX-License-Identifier: MIT
# Speed guards that are not timings: what a process loads and how much
# memory a streaming command holds (tests/speed/).
add_test(NAME speed_startup_libs
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/speed/startup_libs.sh
                 $<TARGET_FILE:lca>)
