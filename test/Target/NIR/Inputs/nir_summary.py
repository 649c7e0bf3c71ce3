"""Prints a NIR file's structure, one sorted line per node, for FileCheck:
`node NAME TYPE param=shape ... metadata=key,...`, then the edges."""

import sys

import h5py


def main(path):
    with h5py.File(path, "r") as f:
        print("version", f["version"][()].decode())
        graph = f["node"]
        print("graph", graph["type"][()].decode())
        nodes = graph["nodes"]
        for name in sorted(nodes):
            node = nodes[name]
            params = []
            meta = ""
            for key in sorted(node):
                if key == "type":
                    continue
                if key == "metadata":
                    meta = " metadata=" + ",".join(sorted(node[key]))
                    continue
                item = node[key]
                if isinstance(item, h5py.Group):
                    params.append(key + "=group")
                else:
                    params.append(f"{key}={item.shape}")
            print("node", name, node["type"][()].decode(), " ".join(params) + meta)
        edges = [f"{a.decode()}->{b.decode()}" for a, b in graph["edges"][()]]
        print("edges", " ".join(edges))


if __name__ == "__main__":
    main(sys.argv[1])
