#ifndef DENDRITE_CHAIN_H
#define DENDRITE_CHAIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What follows a layer's product and bias in a chain.
typedef enum {
    DENDRITE_CHAIN_IDENTITY = 0,
    DENDRITE_CHAIN_RELU = 1,
    DENDRITE_CHAIN_SIGMOID = 2,
    DENDRITE_CHAIN_TANH = 3,
} dendrite_chain_activation;

/// One layer of a chain: output[m×n] = activation(input[m×k] · weight[k×n] + bias), row-major, the
/// input being the previous layer's output (or the chain's input). Its columns are cut into `parts`
/// (at least 1) nearly equal ranges, each computed by one thread.
typedef struct {
    const float *weight;
    const float *bias; // n values, or NULL
    float *output;     // m×n, not overlapping anything else
    ptrdiff_t k, n;
    dendrite_chain_activation activation;
    int parts;
} dendrite_chain_layer;

/// Consecutive layers run by several threads at once, with no hand-off between layers: each thread
/// computes whichever column parts of a layer it can claim, then waits only until the last part of
/// that layer is finished before starting on the next one.
///
/// `claimed` must hold one zeroed int per part of every layer, `finished` one zeroed int per layer.
typedef struct {
    const float *input;
    ptrdiff_t m;
    const dendrite_chain_layer *layers;
    int count;
    int *claimed;
    int *finished;
} dendrite_chain;

/// Runs the chain on the calling thread as chain thread number `thread`. Call it once per thread,
/// with the numbers 0, 1, 2, … in the order the threads start (thread 0 must not wait for the
/// others to start). Thread t computes part t of every layer that has one; thread 0 also computes
/// every part nobody has claimed when it finishes its own. So each part is computed exactly once,
/// whether one or many threads take part, and from one call to the next each thread reads the same
/// weights, which stay in its core's cache.
///
/// Every value is that of dendrite_gemm_bias_relu and dd_vsigmoid / dd_vtanh, whoever computed it.
void dendrite_chain_run(const dendrite_chain *chain, int thread);

#ifdef __cplusplus
}
#endif

#endif

