// The target's one function is static inline in include/cprefetch.h; SwiftPM needs a source file.
#include "cprefetch.h"
