/* SPDX-License-Identifier: MIT */
/* banned.h: functions lca's code must not call (after git's banned.h). */
#ifndef LCA_BANNED_H
#define LCA_BANNED_H

#define LCA__BANNED(func) sorry_##func##_is_banned_in_lca

#undef strcpy
#define strcpy(x, y) LCA__BANNED(strcpy)
#undef strcat
#define strcat(x, y) LCA__BANNED(strcat)
#undef sprintf
#define sprintf(...) LCA__BANNED(sprintf)
#undef strtok
#define strtok(x, y) LCA__BANNED(strtok)
#undef atoi
#define atoi(x) LCA__BANNED(atoi)
#undef atof
#define atof(x) LCA__BANNED(atof)
#undef gets
#define gets(x) LCA__BANNED(gets)

#endif
