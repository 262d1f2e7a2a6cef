/**
 * PyTorch weights in and out: the safetensors format ({@link dev.recurrent.io.torch.Safetensors})
 * and the state dicts of {@code nn.LSTM}, {@code nn.GRU}, {@code nn.RNN} and {@code nn.Linear}
 * mapped to Recurrent's layers ({@link dev.recurrent.io.torch.TorchWeights}). See
 * docs/interop-torch.md.
 */
package dev.recurrent.io.torch;
