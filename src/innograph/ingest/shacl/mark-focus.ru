# name: shacl-mark-focus
# purpose: mark the focus nodes of every compiled shape in the focus graph, from the targets
#   recorded there (shape targetClass class, shape targetObjectsOf property): the instances of
#   the class and of its subclasses (rdfs:subClassOf*, as SHACL follows them in the data
#   graph), the objects of the property (a literal object is left to the engine,
#   `literal-objects.rq`). One update for all shapes, run by pyoxigraph itself: a file of
#   500,000 triples has 150,000 focus nodes, which need not pass through Python.
# parameters: none (the targets are data in the focus graph)
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { GRAPH <urn:innograph:shacl#focus> { ?this <urn:innograph:shacl#focusOf> ?shape } }
WHERE {
  GRAPH <urn:innograph:shacl#focus> { ?shape <urn:innograph:shacl#targetClass> ?class }
  ?type rdfs:subClassOf* ?class .
  ?this rdf:type ?type .
} ;
INSERT { GRAPH <urn:innograph:shacl#focus> { ?this <urn:innograph:shacl#focusOf> ?shape } }
WHERE {
  GRAPH <urn:innograph:shacl#focus> { ?shape <urn:innograph:shacl#targetObjectsOf> ?property }
  ?subject ?property ?this .
  FILTER (!isLiteral(?this))
}
