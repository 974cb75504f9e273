// The compiled node operations behind std::list (libstdc++ keeps them in the library, of which
// Debian has no rv32 build): link, unlink, splice, reverse and swap of circular doubly-linked
// lists with a sentinel node (an empty list's sentinel points at itself).
#include <list>

namespace std {
_GLIBCXX_BEGIN_NAMESPACE_VERSION
namespace __detail {

namespace {

// Makes `to` the sentinel of the (non-empty) chain that `from` was the sentinel of.
void take_chain(_List_node_base& to, _List_node_base& from) {
  to._M_next = from._M_next;
  to._M_prev = from._M_prev;
  to._M_next->_M_prev = &to;
  to._M_prev->_M_next = &to;
  from._M_next = &from;
  from._M_prev = &from;
}

}  // namespace

void _List_node_base::swap(_List_node_base& x, _List_node_base& y) _GLIBCXX_USE_NOEXCEPT {
  const bool x_empty = x._M_next == &x;
  const bool y_empty = y._M_next == &y;
  if (!x_empty && !y_empty) {
    _List_node_base tmp;
    take_chain(tmp, x);
    take_chain(x, y);
    take_chain(y, tmp);
  } else if (!x_empty) {
    take_chain(y, x);
  } else if (!y_empty) {
    take_chain(x, y);
  }
}

// Moves [first, last) to just before this node.
void _List_node_base::_M_transfer(_List_node_base* const first, _List_node_base* const last) _GLIBCXX_USE_NOEXCEPT {
  if (this == last || first == last) return;
  _List_node_base* const before_first = first->_M_prev;
  _List_node_base* const end_of_range = last->_M_prev;
  _List_node_base* const before_this = this->_M_prev;
  // Close the gap where the range was.
  before_first->_M_next = last;
  last->_M_prev = before_first;
  // Insert the range between before_this and this.
  before_this->_M_next = first;
  first->_M_prev = before_this;
  end_of_range->_M_next = this;
  this->_M_prev = end_of_range;
}

void _List_node_base::_M_reverse() _GLIBCXX_USE_NOEXCEPT {
  _List_node_base* node = this;
  do {
    _List_node_base* const next = node->_M_next;
    node->_M_next = node->_M_prev;
    node->_M_prev = next;
    node = next;
  } while (node != this);
}

void _List_node_base::_M_hook(_List_node_base* const position) _GLIBCXX_USE_NOEXCEPT {
  this->_M_next = position;
  this->_M_prev = position->_M_prev;
  position->_M_prev->_M_next = this;
  position->_M_prev = this;
}

void _List_node_base::_M_unhook() _GLIBCXX_USE_NOEXCEPT {
  _List_node_base* const next = this->_M_next;
  _List_node_base* const prev = this->_M_prev;
  prev->_M_next = next;
  next->_M_prev = prev;
}

}  // namespace __detail
_GLIBCXX_END_NAMESPACE_VERSION
}  // namespace std
