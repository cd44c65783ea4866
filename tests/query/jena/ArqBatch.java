// Run many SPARQL queries with Apache Jena ARQ on one graph in one JVM. Single-file source program:
//
//     java -cp JENA-CLASSPATH ArqBatch.java GRAPH.nt QUERY1.rq OUT1 [QUERY2.rq OUT2 ...]
//
// SELECT and ASK answers are written as SPARQL JSON results, CONSTRUCT and DESCRIBE as N-Triples.

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class ArqBatch {
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length % 2 != 1) {
            System.err.println("usage: ArqBatch GRAPH QUERY OUT [QUERY OUT ...]");
            System.exit(2);
        }
        Model model = RDFDataMgr.loadModel(args[0]);
        for (int i = 1; i < args.length; i += 2) {
            String text = new String(Files.readAllBytes(Path.of(args[i])), StandardCharsets.UTF_8);
            Query query = QueryFactory.create(text);
            try (QueryExecution exec = QueryExecutionFactory.create(query, model);
                 OutputStream out = new FileOutputStream(args[i + 1])) {
                if (query.isSelectType()) {
                    ResultSetFormatter.outputAsJSON(out, exec.execSelect());
                } else if (query.isAskType()) {
                    ResultSetFormatter.outputAsJSON(out, exec.execAsk());
                } else if (query.isConstructType()) {
                    RDFDataMgr.write(out, exec.execConstruct(), Lang.NTRIPLES);
                } else {
                    RDFDataMgr.write(out, exec.execDescribe(), Lang.NTRIPLES);
                }
            }
        }
    }
}
