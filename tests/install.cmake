# SPDX-License-Identifier: MIT
# cmake --install into a temporary prefix from a copy of the source tree that
# is then deleted; the README's C example builds against it with pkg-config.
add_test(NAME install_tree
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/install/installed_tree.sh
                 ${CMAKE_SOURCE_DIR} ${LCA_TEST_TMP}/install_tree)
