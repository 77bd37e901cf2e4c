# expect: full
# why: train_network written the DLFS way (random mini-batches by np.random.choice, fixed number of iterations, Adam, no early stopping) is judged only by the accuracy it reaches.
import numpy as np


def train_network(x_train, t_train, x_val, t_val, seed=0):
    np.random.seed(seed)
    network = TwoLayerNet(input_size=64, hidden_size=50, output_size=10,
                          weight_init_std=0.1, seed=seed)
    optimizer = Adam(lr=0.005)
    train_size = x_train.shape[0]
    batch_size = 32
    iters_num = 1500
    iter_per_epoch = max(train_size // batch_size, 1)
    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        optimizer.update(network.params, grad)
        if i % iter_per_epoch == 0:
            val_acc = network.accuracy(x_val, t_val)
    return network
