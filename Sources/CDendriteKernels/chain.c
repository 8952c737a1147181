// A few rows (single-sample inference) through consecutive affine layers on several threads, each
// thread taking column parts of every layer, so that each core streams its share of the weights.

#include "dendrite_chain.h"
#include "dendrite_gemm.h"
#include "dendrite_vecmath.h"

// Columns [start, end) of part `part` out of `parts`, at multiples of the register tile's width.
static void part_columns(ptrdiff_t n, int parts, int part, ptrdiff_t *start, ptrdiff_t *end) {
    ptrdiff_t tile = DENDRITE_GEMM_TILE_COLUMNS;
    ptrdiff_t tiles = (n + tile - 1) / tile;
    ptrdiff_t per_part = (tiles + parts - 1) / parts;
    ptrdiff_t first = part * per_part * tile, last = first + per_part * tile;
    *start = first < n ? first : n;
    *end = last < n ? last : n;
}

static void run_part(const dendrite_chain_layer *layer, const float *input, ptrdiff_t m, int part) {
    ptrdiff_t start, end;
    part_columns(layer->n, layer->parts, part, &start, &end);
    if (start >= end) return;
    ptrdiff_t n = layer->n, columns = end - start;
    dendrite_gemm_bias_relu(false, false, m, columns, layer->k, input, layer->k, layer->weight + start, n,
                            layer->output + start, n, false, layer->bias ? layer->bias + start : NULL,
                            layer->activation == DENDRITE_CHAIN_RELU);
    for (ptrdiff_t row = 0; row < m; row++) {
        float *values = layer->output + row * n + start;
        if (layer->activation == DENDRITE_CHAIN_SIGMOID) dd_vsigmoid(values, values, (size_t)columns);
        if (layer->activation == DENDRITE_CHAIN_TANH) dd_vtanh(values, values, (size_t)columns);
    }
}

void dendrite_chain_run(const dendrite_chain *chain, int thread) {
    const float *input = chain->input;
    int *claimed = chain->claimed;
    for (int index = 0; index < chain->count; index++) {
        const dendrite_chain_layer *layer = chain->layers + index;
        if (index > 0) {
            // Every part of the previous layer has been claimed by a thread that computes it without
            // waiting for anything, since thread 0 claims what is left before it waits: this wait ends.
            const int *previous = chain->finished + index - 1;
            while (__atomic_load_n(previous, __ATOMIC_ACQUIRE) < chain->layers[index - 1].parts)
                dendrite_gemm_spin_pause();
        }
        // Thread 0 takes its part, then whatever is left; the others only their own part.
        int first = thread == 0 ? 0 : thread, last = thread == 0 ? layer->parts : thread + 1;
        for (int part = first; part < last && part < layer->parts; part++) {
            if (__atomic_exchange_n(claimed + part, 1, __ATOMIC_ACQ_REL) != 0) continue;
            run_part(layer, input, chain->m, part);
            __atomic_fetch_add(chain->finished + index, 1, __ATOMIC_RELEASE);
        }
        claimed += layer->parts;
        input = layer->output;
    }
}
