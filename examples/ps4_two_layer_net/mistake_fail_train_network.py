# expect: train_network=fail
# why: train_network builds the network but returns it untrained (the training loop was never run).


def train_network(x_train, t_train, x_val, t_val, seed=0):
    net = TwoLayerNet(x_train.shape[1], 100, 10, weight_init_std=0.01, seed=seed)
    batch_size = 10
    epochs = 30
    for epoch in range(epochs):
        grads = None                 # TODO: mini-batch, gradient, update
    return net
