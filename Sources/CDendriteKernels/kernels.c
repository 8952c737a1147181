#include "dendrite_kernels.h"
