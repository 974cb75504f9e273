// Red-black tree rebalancing for libstdc++'s std::map / std::set / std::multimap / std::multiset.
// libstdc++ compiles these into libstdc++.so/.a, of which Debian has no rv32 build; this is an
// independent implementation of the classic algorithm (Cormen et al., ch. 13) on libstdc++'s node
// layout: header.parent = root, header.left = leftmost, header.right = rightmost, the header red.
#include <bits/stl_tree.h>

namespace std {
_GLIBCXX_BEGIN_NAMESPACE_VERSION

namespace {

using Node = _Rb_tree_node_base;

Node* local_increment(Node* x) {
  if (x->_M_right != nullptr) {
    x = x->_M_right;
    while (x->_M_left != nullptr) x = x->_M_left;
    return x;
  }
  Node* y = x->_M_parent;
  while (x == y->_M_right) {
    x = y;
    y = y->_M_parent;
  }
  // Incrementing the rightmost node climbs to the header, whose right child is that node.
  return x->_M_right != y ? y : x;
}

Node* local_decrement(Node* x) {
  if (x->_M_color == _S_red && x->_M_parent->_M_parent == x) return x->_M_right;  // end()
  if (x->_M_left != nullptr) {
    Node* y = x->_M_left;
    while (y->_M_right != nullptr) y = y->_M_right;
    return y;
  }
  Node* y = x->_M_parent;
  while (x == y->_M_left) {
    x = y;
    y = y->_M_parent;
  }
  return y;
}

void rotate_left(Node* x, Node*& root) {
  Node* y = x->_M_right;
  x->_M_right = y->_M_left;
  if (y->_M_left != nullptr) y->_M_left->_M_parent = x;
  y->_M_parent = x->_M_parent;
  if (x == root) {
    root = y;
  } else if (x == x->_M_parent->_M_left) {
    x->_M_parent->_M_left = y;
  } else {
    x->_M_parent->_M_right = y;
  }
  y->_M_left = x;
  x->_M_parent = y;
}

void rotate_right(Node* x, Node*& root) {
  Node* y = x->_M_left;
  x->_M_left = y->_M_right;
  if (y->_M_right != nullptr) y->_M_right->_M_parent = x;
  y->_M_parent = x->_M_parent;
  if (x == root) {
    root = y;
  } else if (x == x->_M_parent->_M_right) {
    x->_M_parent->_M_right = y;
  } else {
    x->_M_parent->_M_left = y;
  }
  y->_M_right = x;
  x->_M_parent = y;
}

bool is_black(const Node* n) { return n == nullptr || n->_M_color == _S_black; }

}  // namespace

_Rb_tree_node_base* _Rb_tree_increment(_Rb_tree_node_base* x) throw() { return local_increment(x); }

const _Rb_tree_node_base* _Rb_tree_increment(const _Rb_tree_node_base* x) throw() {
  return local_increment(const_cast<Node*>(x));
}

_Rb_tree_node_base* _Rb_tree_decrement(_Rb_tree_node_base* x) throw() { return local_decrement(x); }

const _Rb_tree_node_base* _Rb_tree_decrement(const _Rb_tree_node_base* x) throw() {
  return local_decrement(const_cast<Node*>(x));
}

void _Rb_tree_insert_and_rebalance(const bool insert_left, _Rb_tree_node_base* x,
                                   _Rb_tree_node_base* p, _Rb_tree_node_base& header) throw() {
  Node*& root = header._M_parent;
  x->_M_parent = p;
  x->_M_left = nullptr;
  x->_M_right = nullptr;
  x->_M_color = _S_red;
  if (insert_left) {
    p->_M_left = x;  // also makes leftmost = x when p is the header
    if (p == &header) {
      header._M_parent = x;
      header._M_right = x;
    } else if (p == header._M_left) {
      header._M_left = x;
    }
  } else {
    p->_M_right = x;
    if (p == header._M_right) header._M_right = x;
  }
  while (x != root && x->_M_parent->_M_color == _S_red) {
    Node* const xpp = x->_M_parent->_M_parent;
    if (x->_M_parent == xpp->_M_left) {
      Node* const uncle = xpp->_M_right;
      if (uncle != nullptr && uncle->_M_color == _S_red) {
        x->_M_parent->_M_color = _S_black;
        uncle->_M_color = _S_black;
        xpp->_M_color = _S_red;
        x = xpp;
      } else {
        if (x == x->_M_parent->_M_right) {
          x = x->_M_parent;
          rotate_left(x, root);
        }
        x->_M_parent->_M_color = _S_black;
        xpp->_M_color = _S_red;
        rotate_right(xpp, root);
      }
    } else {
      Node* const uncle = xpp->_M_left;
      if (uncle != nullptr && uncle->_M_color == _S_red) {
        x->_M_parent->_M_color = _S_black;
        uncle->_M_color = _S_black;
        xpp->_M_color = _S_red;
        x = xpp;
      } else {
        if (x == x->_M_parent->_M_left) {
          x = x->_M_parent;
          rotate_right(x, root);
        }
        x->_M_parent->_M_color = _S_black;
        xpp->_M_color = _S_red;
        rotate_left(xpp, root);
      }
    }
  }
  root->_M_color = _S_black;
}

_Rb_tree_node_base* _Rb_tree_rebalance_for_erase(_Rb_tree_node_base* const z,
                                                 _Rb_tree_node_base& header) throw() {
  Node*& root = header._M_parent;
  Node*& leftmost = header._M_left;
  Node*& rightmost = header._M_right;
  Node* y = z;
  Node* x = nullptr;
  Node* x_parent = nullptr;

  if (y->_M_left == nullptr) {
    x = y->_M_right;  // may be null
  } else if (y->_M_right == nullptr) {
    x = y->_M_left;
  } else {
    y = y->_M_right;  // z has two children: y = successor, which has no left child
    while (y->_M_left != nullptr) y = y->_M_left;
    x = y->_M_right;
  }
  if (y != z) {
    // Move y into z's place; z is then unlinked.
    z->_M_left->_M_parent = y;
    y->_M_left = z->_M_left;
    if (y != z->_M_right) {
      x_parent = y->_M_parent;
      if (x != nullptr) x->_M_parent = y->_M_parent;
      y->_M_parent->_M_left = x;
      y->_M_right = z->_M_right;
      z->_M_right->_M_parent = y;
    } else {
      x_parent = y;
    }
    if (root == z) {
      root = y;
    } else if (z->_M_parent->_M_left == z) {
      z->_M_parent->_M_left = y;
    } else {
      z->_M_parent->_M_right = y;
    }
    y->_M_parent = z->_M_parent;
    const _Rb_tree_color c = y->_M_color;
    y->_M_color = z->_M_color;
    z->_M_color = c;
    y = z;  // y is now the node actually removed
  } else {
    x_parent = y->_M_parent;
    if (x != nullptr) x->_M_parent = y->_M_parent;
    if (root == z) {
      root = x;
    } else if (z->_M_parent->_M_left == z) {
      z->_M_parent->_M_left = x;
    } else {
      z->_M_parent->_M_right = x;
    }
    if (leftmost == z) {
      leftmost = z->_M_right == nullptr ? z->_M_parent : _Rb_tree_node_base::_S_minimum(x);
    }
    if (rightmost == z) {
      rightmost = z->_M_left == nullptr ? z->_M_parent : _Rb_tree_node_base::_S_maximum(x);
    }
  }
  if (y->_M_color != _S_red) {
    while (x != root && is_black(x)) {
      if (x == x_parent->_M_left) {
        Node* w = x_parent->_M_right;
        if (w->_M_color == _S_red) {
          w->_M_color = _S_black;
          x_parent->_M_color = _S_red;
          rotate_left(x_parent, root);
          w = x_parent->_M_right;
        }
        if (is_black(w->_M_left) && is_black(w->_M_right)) {
          w->_M_color = _S_red;
          x = x_parent;
          x_parent = x_parent->_M_parent;
        } else {
          if (is_black(w->_M_right)) {
            w->_M_left->_M_color = _S_black;
            w->_M_color = _S_red;
            rotate_right(w, root);
            w = x_parent->_M_right;
          }
          w->_M_color = x_parent->_M_color;
          x_parent->_M_color = _S_black;
          if (w->_M_right != nullptr) w->_M_right->_M_color = _S_black;
          rotate_left(x_parent, root);
          break;
        }
      } else {
        Node* w = x_parent->_M_left;
        if (w->_M_color == _S_red) {
          w->_M_color = _S_black;
          x_parent->_M_color = _S_red;
          rotate_right(x_parent, root);
          w = x_parent->_M_left;
        }
        if (is_black(w->_M_right) && is_black(w->_M_left)) {
          w->_M_color = _S_red;
          x = x_parent;
          x_parent = x_parent->_M_parent;
        } else {
          if (is_black(w->_M_left)) {
            w->_M_right->_M_color = _S_black;
            w->_M_color = _S_red;
            rotate_left(w, root);
            w = x_parent->_M_left;
          }
          w->_M_color = x_parent->_M_color;
          x_parent->_M_color = _S_black;
          if (w->_M_left != nullptr) w->_M_left->_M_color = _S_black;
          rotate_right(x_parent, root);
          break;
        }
      }
    }
    if (x != nullptr) x->_M_color = _S_black;
  }
  return y;
}

unsigned int _Rb_tree_black_count(const _Rb_tree_node_base* node,
                                  const _Rb_tree_node_base* root) throw() {
  if (node == nullptr) return 0;
  unsigned int count = 0;
  for (;;) {
    if (node->_M_color == _S_black) ++count;
    if (node == root) break;
    node = node->_M_parent;
  }
  return count;
}

_GLIBCXX_END_NAMESPACE_VERSION
}  // namespace std
