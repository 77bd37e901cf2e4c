# expect: computation_graph=fail
# why: one MulLayer object serves both products, so its second forward overwrites what the first backward needs.


def computation_graph(a, b, c):
    mul = MulLayer()
    add = AddLayer()
    d = mul.forward(2.0, b)
    e = add.forward(a, d)
    L = mul.forward(c, e)
    dc, de = mul.backward(1.0)
    da, dd = add.backward(de)
    _, db = mul.backward(dd)
    return L, da, db, dc
