/**
 * Saving and restoring models and training runs as safetensors files: {@link
 * dev.kiln.nn.checkpoint.Checkpoints} for a model's state dict (PyTorch key names, readable by
 * PyTorch), {@link dev.kiln.nn.checkpoint.TrainingCheckpoint} for model, optimizer, scheduler,
 * random generators and progress in one atomically written file.
 */
package dev.kiln.nn.checkpoint;
