package dev.boxcar.api.paging;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;

/**
 * Keyset paging, newest first (API.md "Lists"): the rows of one owner (a tenant, a sandbox) after
 * the page's cursor, ordered by creation time and then id, so that rows created in the same
 * instant still page without repeats or gaps. One row more than the limit tells {@link Page#of}
 * that there is a next page.
 */
public final class NewestFirst {
    private NewestFirst() {
    }

    /**
     * @param entity     the entity class (its JPQL name is its simple name)
     * @param idField    its identifier field, the cursor's tie-breaker
     * @param ownerField the field that names the owner, compared with {@code owner}
     */
    public static <T> List<T> rows(EntityManager em, Class<T> entity, String idField, String ownerField, Object owner,
                                   PageRequest page) {
        String after = page.after() == null ? ""
                : " AND (e.createdAt < :at OR (e.createdAt = :at AND e." + idField + " < :id))";
        TypedQuery<T> query = em.createQuery("SELECT e FROM " + entity.getSimpleName() + " e WHERE e." + ownerField
                        + " = :owner" + after + " ORDER BY e.createdAt DESC, e." + idField + " DESC", entity)
                .setParameter("owner", owner)
                .setMaxResults(page.limit() + 1);
        if (page.after() != null) {
            query.setParameter("at", page.after().createdAt()).setParameter("id", page.after().id());
        }
        return query.getResultList();
    }
}
