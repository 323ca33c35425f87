// Package extract finds the platform's return code in a reply body fed in
// chunks, without decoding the body and without allocating.
//
// The code sits in one of three places:
//
//   - family A JSON: {"resp":{"respCode":"000000", …}} (also a top-level "respCode");
//   - families B and C: a flat top-level "code", a string or a number ({"code":0});
//   - family A XML: <respCode>000000</respCode> as a child of the root element, or
//     as the root itself.
//
// A "code" or "respCode" anywhere else (deeper, inside an array, as a value) is
// not the return code. The first key found at one of those places decides.
//
// The body's first significant byte decides whether it is read as JSON ('{') or
// XML ('<'), whatever the reply's Content-Type says: the platform's replies
// sometimes carry none, or a wrong one.
//
// A [Scanner] holds fixed-size state only, so a body of any size and nesting
// depth costs the same memory; it stops as soon as the answer is known.
package extract
